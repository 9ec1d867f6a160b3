/** The reports of the households-annual-dashboard part of issue 12, as the registry lists them. */
export { annualReport } from './annual';
export { householdsReport } from './households';
