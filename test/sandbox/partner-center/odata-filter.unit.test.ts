import assert from 'node:assert/strict';
import { PartnerCenterError } from '../../../sandbox/partner-center/errors.js';
import { evaluateFilter } from '../../../sandbox/partner-center/odata-eval.js';
import { parseFilter } from '../../../sandbox/partner-center/odata-filter.js';
import type { Json } from './emulator-server.js';

const matches = (filter: string, referral: Json): boolean => evaluateFilter(parseFilter(filter), referral);

function assertSyntaxError(filter: string, position: number): void {
  assert.throws(() => parseFilter(filter), (error: unknown) => {
    assert.ok(error instanceof PartnerCenterError);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'invalidRequest');
    assert.equal(error.target, '$filter');
    assert.match(error.message, new RegExp(`position ${position}\\b`));
    return true;
  });
}

const incoming: Json = {
  engagementId: '65edc0b5-3485-41b7-a17e-dfa9ef4706e2',
  status: 'New',
  substatus: 'Pending',
  qualification: 'SalesQualified',
  type: 'Shared',
  direction: 'Incoming',
  createdDateTime: '2026-01-01T10:00:00.1234567Z',
  updatedDateTime: '2026-01-05T00:00:00.0000001Z',
  favorite: true,
  salesStage: null,
  customerProfile: { name: "O'Brien & Sons", address: { country: 'US' } },
  details: { dealValue: 50000 },
  team: [{ email: 'john.doe@microsoft.com' }, { email: 'r2d2@contoso.com' }],
};
const outgoingActive: Json = { ...incoming, status: 'Active', substatus: 'Accepted', direction: 'Outgoing' };

describe('partner center emulator: $filter parser and evaluator', () => {
  describe('the six documented examples', () => {
    const documented: Array<[string, Json, Json]> = [
      ["engagementId eq '65edc0b5-3485-41b7-a17e-dfa9ef4706e2'", incoming, { ...incoming, engagementId: 'other' }],
      ["status eq 'New' and qualification eq 'SalesQualified'", incoming, { ...incoming, qualification: 'Direct' }],
      ["customerProfile/address/country eq 'US' and direction eq 'Incoming'", incoming, { ...incoming, customerProfile: { address: { country: 'GB' } } }],
      ["(type eq 'Shared' and direction eq 'Incoming')", incoming, { ...incoming, type: 'Independent' }],
      ["(direction eq 'Incoming' and substatus eq 'Pending')", incoming, { ...incoming, substatus: 'Received' }],
      ["status eq 'Active' and direction eq 'Outgoing' and type eq 'Shared' and team/any(t:t/email eq 'r2d2@contoso.com')", outgoingActive, { ...outgoingActive, team: [{ email: 'c3po@contoso.com' }] }],
    ];
    for (const [filter, selected, rejected] of documented) {
      it(`${filter} selects the matching referral and not the other`, () => {
        assert.equal(matches(filter, selected), true);
        assert.equal(matches(filter, rejected), false);
      });
    }
  });

  describe('date-times', () => {
    it('compares an unquoted date-time literal with stored 7-digit fractions as instants', () => {
      assert.equal(matches('updatedDateTime gt 2026-01-05T00:00:00Z', incoming), true);
      assert.equal(matches('updatedDateTime gt 2026-01-05T00:00:00.0000001Z', incoming), false);
      assert.equal(matches('updatedDateTime ge 2026-01-05T00:00:00.0000001Z', incoming), true);
    });

    it('accepts the millisecond form a JavaScript client sends (toISOString)', () => {
      assert.equal(matches('createdDateTime lt 2026-01-01T10:00:00.124Z', incoming), true);
    });

    it('honours UTC offsets in literals', () => {
      assert.equal(matches('createdDateTime eq 2026-01-01T12:00:00.1234567+02:00', incoming), true);
    });

    it('compares a date literal as midnight UTC', () => {
      assert.equal(matches('createdDateTime gt 2026-01-01 and createdDateTime lt 2026-01-02', incoming), true);
    });

    it('compares two quoted ISO date-times as instants, whatever their precision', () => {
      assert.equal(matches("updatedDateTime gt '2026-01-04T23:59:59Z'", incoming), true);
    });
  });

  describe('literals and operators', () => {
    it('compares numbers', () => {
      assert.equal(matches('details/dealValue ge 50000 and details/dealValue lt 50001', incoming), true);
    });

    it('treats a bare boolean property as a predicate', () => {
      assert.equal(matches('favorite', incoming), true);
      assert.equal(matches('favorite eq false', incoming), false);
    });

    it('matches null and missing properties with eq null', () => {
      assert.equal(matches('salesStage eq null and externalReferenceId eq null', incoming), true);
      assert.equal(matches('status ne null', incoming), true);
    });

    it('never orders against null', () => {
      assert.equal(matches('salesStage gt 0', incoming), false);
      assert.equal(matches('salesStage lt 0', incoming), false);
    });

    it('unescapes doubled quotes in string literals', () => {
      assert.equal(matches("customerProfile/name eq 'O''Brien & Sons'", incoming), true);
    });

    it('compares an unquoted GUID literal case-insensitively', () => {
      assert.equal(matches('engagementId eq 65EDC0B5-3485-41B7-A17E-DFA9EF4706E2', incoming), true);
    });

    it('compares strings case-sensitively, as OData specifies', () => {
      assert.equal(matches("status eq 'new'", incoming), false);
    });

    it('does not equate values of different types', () => {
      assert.equal(matches("details/dealValue eq '50000'", incoming), false);
    });

    it('gives not higher precedence than and, and and higher than or', () => {
      assert.equal(matches("not status eq 'Active' and direction eq 'Incoming'", incoming), true);
      assert.equal(matches("status eq 'Active' and direction eq 'Outgoing' or type eq 'Shared'", incoming), true);
      assert.equal(matches("status eq 'Active' and (direction eq 'Outgoing' or type eq 'Shared')", incoming), false);
    });
  });

  describe('lambdas', () => {
    it('any() without a predicate is true for a non-empty collection', () => {
      assert.equal(matches('team/any()', incoming), true);
      assert.equal(matches('team/any()', { team: [] }), false);
    });

    it('all(...) requires every element to match', () => {
      assert.equal(matches("team/all(m:m/email ne null)", incoming), true);
      assert.equal(matches("team/all(m:m/email eq 'r2d2@contoso.com')", incoming), false);
    });

    it('lets a nested lambda see the outer variable and the referral root', () => {
      const referral: Json = { status: 'New', groups: [{ members: [{ n: 1 }, { n: 2 }], max: 2 }] };
      assert.equal(matches("groups/any(g:g/members/any(m:m/n eq 2) and status eq 'New')", referral), true);
    });

    it('is false over a missing collection', () => {
      assert.equal(matches("target/any(x:x/type eq 'SolutionProfile')", incoming), false);
    });
  });

  describe('errors name the position', () => {
    const cases: Array<[string, string, number]> = [
      ['an unterminated string', "status eq 'New", 10],
      ['an unknown character', 'status eq #', 10],
      ['a missing operand', 'status eq', 9],
      ['a missing closing parenthesis', "(status eq 'New'", 16],
      ['a dangling and', "status eq 'New' and", 19],
      ['an unsupported function', "contains(name,'x')", 0],
      ['an unsupported operator', "status in ('New')", 7],
      ['trailing input', "status eq 'New' 'x'", 16],
      ['a lambda without a colon', "team/any(t t/email eq 'x')", 11],
      ['an empty filter', '   ', 0],
    ];
    for (const [what, filter, position] of cases) {
      it(`rejects ${what} at position ${position}`, () => { assertSyntaxError(filter, position); });
    }

    it('rejects nesting deeper than the limit instead of overflowing the stack', () => {
      assert.throws(() => parseFilter(`${'('.repeat(2000)}a eq 1${')'.repeat(2000)}`), PartnerCenterError);
    });
  });
});
