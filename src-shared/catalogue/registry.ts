import { PRICE_TABLE } from './fees';
import { isKnownSource } from './sources';
import {
  newEnterpriseCertificate,
  newPersonCertificate,
  renewCertificate,
} from './services/digitalCertificates';
import {
  disciplineAppeal,
  dishonestReview,
  examRefund,
  examRegistration,
  inspectorRegistration,
  personalInfoChange,
  qualificationAppeal,
  qualificationReview,
  receiptRequest,
  scoreReview,
} from './services/examAffairs';
import { changeCertificateInfo, mailCertificate, reissueCertificate } from './services/examCertificates';
import { SERVICE_CODES, type ServiceCode, type ServiceDef, type ValueCondition } from './types';

/** Every service of the centre, by code. Adding a service is adding an entry here. */
export const serviceCatalogue: Readonly<Record<ServiceCode, ServiceDef>> = {
  'cert.new.enterprise': newEnterpriseCertificate,
  'cert.new.person': newPersonCertificate,
  'cert.renew': renewCertificate,
  'cert.reissue': reissueCertificate,
  'cert.infoChange': changeCertificateInfo,
  'cert.mailing': mailCertificate,
  'exam.registration': examRegistration,
  'inspector.registration': inspectorRegistration,
  'exam.refund': examRefund,
  'exam.scoreReview': scoreReview,
  'qualification.review': qualificationReview,
  'qualification.appeal': qualificationAppeal,
  'dishonest.review': dishonestReview,
  'discipline.appeal': disciplineAppeal,
  'personalInfo.change': personalInfoChange,
  'receipt.request': receiptRequest,
};

export function isServiceCode(value: unknown): value is ServiceCode {
  return typeof value === 'string' && (SERVICE_CODES as readonly string[]).includes(value);
}

export function getService(code: string): ServiceDef | undefined {
  return isServiceCode(code) ? serviceCatalogue[code] : undefined;
}

export function listServices(): ServiceDef[] {
  return SERVICE_CODES.map((code) => serviceCatalogue[code]);
}

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

function reachableStates(service: ServiceDef): Set<string> {
  const reached = new Set([service.machine.initial]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const transition of service.machine.transitions) {
      if (!reached.has(transition.to) && transition.from.some((state) => reached.has(state))) {
        reached.add(transition.to);
        grew = true;
      }
    }
  }
  return reached;
}

/** Problems of one entry, each a sentence naming the service and the part at fault. */
function serviceProblems(
  code: ServiceCode,
  service: ServiceDef,
  catalogue: Readonly<Record<ServiceCode, ServiceDef>>,
): string[] {
  const problems: string[] = [];
  const report = (message: string) => problems.push(`${code}: ${message}`);
  const { machine } = service;
  const states = new Set(machine.states.map((state) => state.code));
  const fieldKeys = service.fields.map((field) => field.key);
  const checkStates = (where: string, codes: readonly string[]) => {
    for (const state of codes) if (!states.has(state)) report(`${where} names unknown state '${state}'`);
  };
  const checkCondition = (where: string, condition: ValueCondition | undefined) => {
    if (condition && !fieldKeys.includes(condition.field)) {
      report(`${where} depends on unknown field '${condition.field}'`);
    }
  };

  if (service.code !== code) report(`registered under '${code}' but its code is '${service.code}'`);
  if (service.applicants.length === 0) report('nobody may apply');
  if (!(code in PRICE_TABLE)) report('has no price');

  for (const key of duplicates(fieldKeys)) report(`field '${key}' is defined twice`);
  for (const field of service.fields) {
    if (!isKnownSource(field.source)) report(`field '${field.key}' has unknown source '${field.source}'`);
    if (field.locked && field.source === 'typed') report(`field '${field.key}' is locked but typed`);
    if ((field.input === 'select' || field.input === 'radio') && !field.options && !field.optionsFrom) {
      report(`field '${field.key}' is a ${field.input} without options`);
    }
    checkCondition(`field '${field.key}'`, field.requiredWhen);
  }

  for (const key of duplicates(service.attachments.map((rule) => rule.key))) {
    report(`attachment '${key}' is defined twice`);
  }
  for (const rule of service.attachments) {
    if (rule.types.length === 0) report(`attachment '${rule.key}' accepts no file type`);
    if (rule.maxBytes <= (rule.minBytes ?? 0)) report(`attachment '${rule.key}' has an empty size range`);
    checkCondition(`attachment '${rule.key}'`, rule.requiredWhen);
  }

  for (const key of duplicates(service.documents.map((document) => document.key))) {
    report(`document '${key}' is defined twice`);
  }
  for (const document of service.documents) checkStates(`document '${document.key}'`, document.printableIn);

  for (const precondition of service.preconditions) {
    if (precondition.kind !== 'relatedApplication') continue;
    const related = catalogue[precondition.service] as ServiceDef | undefined;
    if (!related) report(`precondition refers to unknown service '${precondition.service}'`);
    const relatedStates = new Set(related?.machine.states.map((state) => state.code));
    for (const state of precondition.states) {
      if (!relatedStates.has(state))
        report(`precondition names unknown state '${state}' of '${precondition.service}'`);
    }
  }

  for (const code of duplicates(machine.states.map((state) => state.code)))
    report(`state '${code}' is defined twice`);
  checkStates('initial state', [machine.initial]);
  for (const name of duplicates(machine.transitions.map((transition) => transition.name))) {
    report(`transition '${name}' is defined twice`);
  }
  for (const transition of machine.transitions) {
    checkStates(`transition '${transition.name}'`, [...transition.from, transition.to]);
  }
  checkStates('editableIn', machine.editableIn);
  checkStates('deletableIn', machine.deletableIn);
  for (const [state, name] of Object.entries(machine.editMoves ?? {})) {
    const transition = machine.transitions.find((candidate) => candidate.name === name);
    if (!machine.editableIn.includes(state)) report(`editMoves from '${state}', which is not editable`);
    if (!transition || !transition.from.includes(state) || transition.by !== 'applicant') {
      report(`editMoves '${state}' → '${name}' is not an applicant move from that state`);
    }
  }
  const reached = reachableStates(service);
  for (const state of states) if (!reached.has(state)) report(`state '${state}' cannot be reached`);
  return problems;
}

/** Self-check of the whole catalogue; an empty list means every entry is consistent. */
export function validateCatalogue(
  catalogue: Readonly<Record<ServiceCode, ServiceDef>> = serviceCatalogue,
): string[] {
  return SERVICE_CODES.flatMap((code) => {
    const service = catalogue[code] as ServiceDef | undefined;
    return service ? serviceProblems(code, service, catalogue) : [`${code}: no entry`];
  });
}
