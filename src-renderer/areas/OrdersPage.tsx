export { default } from '../orders/OrdersPage';
