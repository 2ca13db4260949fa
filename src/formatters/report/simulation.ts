/** The report's simulation section, as the formatters print it: types only (built by src/models/report/simulation-section.ts). */
export type {
  HeadroomRow,
  PayloadPanel,
  QuotaRow,
  SimulationSection,
  TrafficPanel,
  TrafficPoint,
} from '../../models/report/simulation-section.js';
