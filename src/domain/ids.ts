/** Branded ids, so a member id cannot be passed where a unit id is wanted. */
export type UnitId = string & { readonly __brand: 'UnitId' };
export type MemberId = string & { readonly __brand: 'MemberId' };
export type ProcessId = string & { readonly __brand: 'ProcessId' };

export const unitId = (s: string): UnitId => s as UnitId;
export const memberId = (s: string): MemberId => s as MemberId;
export const processId = (s: string): ProcessId => s as ProcessId;
