import dayjs, { type Dayjs } from 'dayjs';
import type { IdType } from '../../src-shared/schemas/fields';
import type { Profile, UpdateProfileInput } from '../../src-shared/schemas/account';

/** The editable part of the profile as the form holds it. */
export interface ProfileFormValues {
  name: string;
  gender: 'male' | 'female' | undefined;
  email: string;
  address: string;
  postalCode: string;
  idType: IdType | undefined;
  idNumber: string;
  birthDate: Dayjs | null;
}

export function toFormValues(profile: Profile): ProfileFormValues {
  return {
    name: profile.name ?? '',
    gender: profile.gender ?? undefined,
    email: profile.email ?? '',
    address: profile.address,
    postalCode: profile.postalCode,
    idType: profile.idType ?? undefined,
    idNumber: profile.idNumber ?? '',
    birthDate: profile.birthDate ? dayjs(profile.birthDate) : null,
  };
}

function comparable(values: ProfileFormValues): Record<keyof ProfileFormValues, string> {
  return {
    name: values.name.trim(),
    gender: values.gender ?? '',
    email: values.email.trim(),
    address: values.address.trim(),
    postalCode: values.postalCode.trim(),
    idType: values.idType ?? '',
    idNumber: values.idNumber.trim().toUpperCase(),
    birthDate: values.birthDate ? values.birthDate.format('YYYY-MM-DD') : '',
  };
}

/** The fields whose value differs from `baseline`, as the form holds them. */
export function editedFields(
  values: ProfileFormValues,
  baseline: ProfileFormValues,
): Partial<ProfileFormValues> {
  const now = comparable(values);
  const before = comparable(baseline);
  const edited: Partial<ProfileFormValues> = {};
  for (const key of Object.keys(now) as (keyof ProfileFormValues)[]) {
    if (now[key] !== before[key]) Object.assign(edited, { [key]: values[key] });
  }
  return edited;
}

/**
 * The update request: the version the person edited plus only what they changed, so a save never
 * overwrites a field someone else changed meanwhile. Emptied optional fields are left out (the API
 * has no way to clear a name or e-mail).
 */
export function toUpdateInput(values: ProfileFormValues, profile: Profile): UpdateProfileInput {
  const changed = new Set(Object.keys(editedFields(values, toFormValues(profile))));
  const clean = comparable(values);
  const input: UpdateProfileInput = { version: profile.version };
  if (changed.has('name') && clean.name) input.name = clean.name;
  if (changed.has('gender') && values.gender) input.gender = values.gender;
  if (changed.has('email') && clean.email) input.email = clean.email;
  if (changed.has('address')) input.address = clean.address;
  if (changed.has('postalCode')) input.postalCode = clean.postalCode;
  // The ID type travels with a first ID number; once set it is fixed, and sending it again would be refused.
  if (profile.idType === null && values.idType && (changed.has('idType') || changed.has('idNumber'))) {
    input.idType = values.idType;
  }
  if (changed.has('idNumber') && clean.idNumber) input.idNumber = clean.idNumber;
  if (changed.has('birthDate') && clean.birthDate) input.birthDate = clean.birthDate;
  return input;
}
