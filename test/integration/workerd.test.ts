import { edgeDemoSuite } from './edge-demo-suite'

edgeDemoSuite('workerd')
