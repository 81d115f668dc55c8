import { PrerequisitesMissingError } from './errors.js';
import { coSellPrerequisiteViolations, helpRequested, type PrerequisiteChecks } from './prerequisites.js';
import { StaleReferralError, type ListQuery, type ReferralChange, type ReferralPage, type ReferralReader, type ReferralWriter } from './ports.js';
import { MICROSOFT_ORGANIZATION_ID, type CreateReferralRequest, type Referral, type UpdateReferralRequest } from './referral.js';
import { changesFromUpdate } from './referral-changes.js';
import { assertAction, assertOpen, type ReferralAction } from './referral-status.js';

/** Raised when the partner referral exists but sharing it with Microsoft failed; resumable with its engagementId. */
export class CoSellShareIncompleteError extends Error {
  constructor(readonly referral: Referral, override readonly cause: unknown) {
    super(`Referral ${referral.id} was created but sharing it with Microsoft failed; send the same request again with engagementId "${referral.engagementId ?? ''}" to finish.`);
    this.name = 'CoSellShareIncompleteError';
  }
}

export interface WriteOptions {
  /** The caller's If-Match, passed through as given; without it the eTag just read guards the write. */
  ifMatch?: string;
}

const MAX_FRESH_ATTEMPTS = 3;

export class ReferralOperations {
  constructor(
    private readonly reader: ReferralReader,
    private readonly writer: ReferralWriter,
    private readonly checks: PrerequisiteChecks,
  ) {}

  list(query: ListQuery, cursor?: string): Promise<ReferralPage> {
    return this.reader.list(query, cursor);
  }

  get(id: string): Promise<Referral> {
    return this.reader.get(id);
  }

  /**
   * The documented two-step share: the partner's referral targeting its solution, then Microsoft's
   * referral in the same engagement. With an engagementId, steps already done are reused, so a
   * failed second step can be finished by repeating the request.
   */
  async createCoSell(req: CreateReferralRequest): Promise<{ referral: Referral; microsoftReferral: Referral }> {
    const violations = coSellPrerequisiteViolations(req, this.checks);
    if (violations.length > 0) throw new PrerequisitesMissingError(violations);
    const solutionId = (req.details.requirements?.solutions ?? []).find((s) => s.id.trim() !== '')!.id;
    const existing = req.engagementId !== undefined ? await this.reader.listByEngagement(req.engagementId) : [];
    const targets = (r: Referral, type: string, id?: string) => (r.target ?? []).some((t) => t.type === type && (id === undefined || t.id === id));
    const request: CreateReferralRequest = { ...req, consent: { consentToShareReferralWithMicrosoftSellers: true, ...req.consent } };
    const referral = existing.find((r) => targets(r, 'SolutionProfile'))
      ?? await this.writer.create({ request, ...(req.engagementId !== undefined ? { engagementId: req.engagementId } : {}), target: { type: 'SolutionProfile', id: solutionId } });
    try {
      const microsoftReferral = existing.find((r) => targets(r, 'BusinessProfileLocation', MICROSOFT_ORGANIZATION_ID))
        ?? await this.writer.create({ request, engagementId: referral.engagementId ?? '', target: { type: 'BusinessProfileLocation', id: MICROSOFT_ORGANIZATION_ID } });
      return { referral, microsoftReferral };
    } catch (cause) {
      throw new CoSellShareIncompleteError(referral, cause);
    }
  }

  update(id: string, req: UpdateReferralRequest, options: WriteOptions = {}): Promise<Referral> {
    const changes = changesFromUpdate(req);
    return this.writeFresh(id, options, (current) => {
      assertOpen(current);
      if (req.customerContacts !== undefined && req.customerContacts.length === 0 && current.microsoftCoSell && helpRequested(current.inviteContext?.assistanceRequestCode)) {
        throw new PrerequisitesMissingError([{ field: 'body/customerContacts', message: 'When help from Microsoft is selected for the opportunity, customer contact information is required.' }]);
      }
      return changes;
    });
  }

  act(id: string, action: ReferralAction, reason: string | undefined, options: WriteOptions = {}): Promise<Referral> {
    return this.writeFresh(id, options, (current) => {
      const to = assertAction(action, current);
      return [{ field: 'state', value: { ...to, ...(reason !== undefined ? { statusReason: reason } : {}) } }];
    });
  }

  /**
   * Reads, decides, writes. When the caller gave no If-Match, a concurrent change (412) means our
   * read was stale: read again and decide again. A caller's own If-Match is never second-guessed.
   */
  private async writeFresh(id: string, options: WriteOptions, decide: (current: Referral) => ReferralChange[]): Promise<Referral> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.reader.get(id);
      const changes = decide(current);
      try {
        return await this.writer.update(current, changes, { ifMatch: options.ifMatch ?? current.eTag });
      } catch (err) {
        if (!(err instanceof StaleReferralError) || options.ifMatch !== undefined || attempt >= MAX_FRESH_ATTEMPTS) throw err;
      }
    }
  }
}
