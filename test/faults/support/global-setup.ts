/** The fault tests run the built server as processes: build it once, before any test file starts. */
export default async function globalSetup(): Promise<void> {
  require('../../../scripts/build').build({ quiet: true });
}
