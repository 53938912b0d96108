import { useState, type ReactNode } from 'react';
import type { Order } from '../../src-shared/schemas/order';
import { SlipUploadModal } from './SlipUploadModal';
import { useOnlinePayment } from './useOnlinePayment';

export interface OrderPayment {
  /** Opens 上传汇款底单 for the order. */
  uploadSlip: (order: Order) => void;
  payOnline: (order: Order) => void;
  starting: boolean;
  /** The slip dialog and the payment waiting dialog (render them somewhere). */
  dialogs: ReactNode;
}

/** The two ways an order gets paid, wherever it is shown: the 汇款底单, or the online payment. */
export function useOrderPayment(onChanged: (order: Order) => void): OrderPayment {
  const [slipFor, setSlipFor] = useState<Order | null>(null);
  const payment = useOnlinePayment(onChanged);
  const dialogs = (
    <>
      {slipFor && (
        <SlipUploadModal
          order={slipFor}
          onCancel={() => setSlipFor(null)}
          onSaved={(saved) => {
            setSlipFor(null);
            onChanged(saved);
          }}
        />
      )}
      {payment.dialog}
    </>
  );
  return { uploadSlip: setSlipFor, payOnline: payment.start, starting: payment.starting, dialogs };
}
