import type { DocumentDef, ServiceDef } from './types';

/** Which printable documents (申请表, 回执, 准考证 …) an application offers in its current state. */

export interface PrintContext {
  now: Date;
  /** The exam's first day (YYYY-MM-DD, China time), for documents printable only shortly before it. */
  examDate?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Null when printable, else the Chinese reason it is not (yet). */
export function printRefusal(document: DocumentDef, state: string, context: PrintContext): string | null {
  if (!document.printableIn.includes(state)) return `当前状态下不能打印${document.title}`;
  if (document.daysBeforeExam === undefined) return null;
  if (context.examDate === undefined) return `考试日期尚未公布，暂不能打印${document.title}`;
  const examDay = Date.parse(`${context.examDate}T00:00:00+08:00`);
  const opens = examDay - document.daysBeforeExam * DAY_MS;
  if (context.now.getTime() < opens) {
    return `${document.title}在考试前 ${document.daysBeforeExam} 日内开放打印，请届时再来`;
  }
  return null;
}

export function printableDocuments(service: ServiceDef, state: string, context: PrintContext): DocumentDef[] {
  return service.documents.filter((document) => printRefusal(document, state, context) === null);
}
