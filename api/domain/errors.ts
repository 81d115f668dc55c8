/** Domain rule violations. The HTTP layer maps each kind to a problem code; adapters never throw these. */
export interface RuleViolation {
  field: string;
  message: string;
}

export class InvalidTransitionError extends Error {
  constructor(message: string) { super(message); this.name = 'InvalidTransitionError'; }
}

export class ReferralClosedError extends Error {
  constructor(message: string) { super(message); this.name = 'ReferralClosedError'; }
}

export class PrerequisitesMissingError extends Error {
  constructor(readonly violations: RuleViolation[]) {
    super(`The referral cannot be shared with Microsoft yet: ${violations.map((v) => v.message).join('; ')}`);
    this.name = 'PrerequisitesMissingError';
  }
}
