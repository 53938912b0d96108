import { Select, Typography } from 'antd';
import type { TokenSummary } from '../../src-shared/schemas/key';
import { tokenName } from './KeyStatusCard';
import type { KeysState } from './useKeys';

interface Props {
  keys: KeysState;
  /** The KEY shown (the selected one, or the one a step is bound to). */
  token: TokenSummary;
  /** Bound to this KEY: no picker even when several are inserted. */
  fixed?: boolean;
  disabled?: boolean;
}

/** Which inserted KEY a step works with: a picker when several are inserted, else its name. */
export function KeyChooser({ keys, token, fixed, disabled }: Props) {
  if (fixed || keys.tokens.length < 2) return <Typography.Text strong>{tokenName(token)}</Typography.Text>;
  return (
    <Select
      className="key-select"
      value={token.serial}
      onChange={keys.select}
      disabled={disabled}
      options={keys.tokens.map((t) => ({ value: t.serial, label: tokenName(t) }))}
    />
  );
}
