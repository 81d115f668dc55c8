/** One versioned schema change. Versions start at 1, have no gaps, and are applied in order, once. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Refuses a list whose versions are not 1, 2, 3, … so a mistake in a new migration fails at start-up. */
export function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}
