import {
  applicantRefusal,
  listServices,
  SERVICE_GROUPS,
  type ServiceDef,
  type ServiceGroup,
} from '../../src-shared/catalogue';
import type { Role } from '../../src-shared/schemas/account';

export interface ServiceGroupView {
  group: ServiceGroup;
  services: ServiceDef[];
}

/** The services an account may apply for, by the catalogue's groups in their order; empty groups left out. */
export function servicesByGroup(roles: readonly Role[]): ServiceGroupView[] {
  const open = listServices().filter((service) => applicantRefusal(service, roles) === null);
  return SERVICE_GROUPS.map((group) => ({
    group,
    services: open.filter((service) => service.group === group),
  })).filter((view) => view.services.length > 0);
}
