import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S066 marks Egress policies that leave no way to kube-dns, unless another policy allows it', () => {
  checkK8sFixture(fixture('K8S066-egress-cuts-dns.yaml'), ['K8S066']);
});
