/**
 * The short numbers people see for applications (申请单号) and orders (订单号). A record made on the
 * desktop before the server allocated one has none: it shows 待分配. Never show the record's id instead.
 */
export { displayNumber, NUMBER_PENDING } from '../../src-shared/recordNumbers';
