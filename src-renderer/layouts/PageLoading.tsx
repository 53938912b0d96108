import { Spin } from 'antd';

/** While a page's code arrives (routes are loaded lazily). */
export function PageLoading() {
  return (
    <div className="page-loading">
      <Spin />
    </div>
  );
}
