// The reference coordinator passes the contract: the suite proves itself on it.
import { coordinatorContract } from './contract'
import { memoryCoordinator } from './memory-coordinator'

const store = memoryCoordinator()
coordinatorContract('memory', () => store)
