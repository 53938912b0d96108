/** The service catalogue: every business of the manuals as data, and the pure rules that run it. */
export * from './types';
export * from './sources';
export * from './attachments';
export * from './form';
export * from './machine';
export * from './machines';
export * from './preconditions';
export * from './documents';
export * from './fees';
export * from './registry';
export * from './display';
export * from './certificateSubjects';
