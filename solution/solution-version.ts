// Dataverse solution versions have four numeric parts; package.json has semver. 1.2.3 → 1.2.3.0,
// and a pre-release tag is dropped (1.2.3-rc.1 → 1.2.3.0) because the format has no place for it.

export function solutionVersion(semver: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(semver.trim());
  if (!match) throw new Error(`package.json version "${semver}" is not semver (major.minor.patch)`);
  return `${match[1]}.${match[2]}.${match[3]}.0`;
}
