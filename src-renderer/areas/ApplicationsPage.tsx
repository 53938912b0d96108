export { default } from '../applications/ApplicationsPage';
