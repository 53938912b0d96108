export { default } from '../certificates/CertificatesPage';
