/** The parsed form of the SOQL subset the emulator understands. */
export type Literal =
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'boolean'; value: boolean; pos: number }
  | { kind: 'null'; pos: number }
  | { kind: 'date'; value: string; pos: number }
  | { kind: 'datetime'; ms: number; pos: number }
  /** TODAY, YESTERDAY, TOMORROW, LAST_N_DAYS:n, NEXT_N_DAYS:n: a range of days. */
  | { kind: 'dateRange'; name: string; n: number; pos: number };

export interface FieldPath { parts: string[]; pos: number }

export type SelectItem = { kind: 'field'; path: FieldPath } | { kind: 'count'; pos: number };

export type ComparisonOp = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE';

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; path: FieldPath; op: ComparisonOp; value: Literal }
  | { kind: 'in'; path: FieldPath; negated: boolean; values: Literal[] };

export interface OrderItem { path: FieldPath; descending: boolean; nullsLast: boolean }

export interface SoqlQuery {
  select: SelectItem[];
  from: { name: string; pos: number };
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}
