import axios from 'axios';
import { HEALTH_PATH } from '../../../src-shared/api/routes';

/** True when `GET {baseUrl}/health` answers 2xx within the timeout; never throws. */
export async function isHealthy(baseUrl: string, timeoutMs = 3_000): Promise<boolean> {
  try {
    const response = await axios.get(`${baseUrl.replace(/\/+$/, '')}${HEALTH_PATH}`, {
      timeout: timeoutMs,
      validateStatus: () => true,
    });
    return response.status >= 200 && response.status < 300;
  } catch {
    return false;
  }
}
