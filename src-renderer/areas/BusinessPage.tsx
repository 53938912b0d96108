export { default } from '../services/ServicesPage';
