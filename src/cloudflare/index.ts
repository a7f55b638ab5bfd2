export { durableCoordinator, type FlightsNamespace } from './coordinator'
export { SharedCallFlights } from './flights'
