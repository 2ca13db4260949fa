import { test } from 'vitest';
import { poissonWindowRisk, md1kLoss } from '../../../src/models/throttling/poisson.js';
test('q', () => {
console.time('n1');
console.log(poissonWindowRisk({ rate: 5, burst: 10, lambda: 4, seconds: 60, budget: 1e9 }), 'N1 [0.26533, 0.26616] e .808');
console.timeEnd('n1');
console.log(poissonWindowRisk({ rate: 10, burst: 1, lambda: 1, seconds: 60, budget: 1e9 }), 'A1a 0.994647');
console.log(poissonWindowRisk({ rate: 0.5, burst: 3, lambda: 5, seconds: 1, budget: 1e9 }), 'A2a 0.734974');
console.time('n5');
console.log(poissonWindowRisk({ rate: 10, burst: 20, lambda: 9, seconds: 60 }), 'N5 0.16451 e .8365');
console.timeEnd('n5');
console.log(md1kLoss(0.9,5), 0.0643619, md1kLoss(1.2,20), 0.166763, md1kLoss(0.5,10), 4.05716e-6, md1kLoss(2,2), 0.531689);
});
