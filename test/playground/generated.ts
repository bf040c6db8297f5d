// A generated cluster for the benchmark and the big-cluster screenshot: `nodes` nodes in three
// zones, `services` Deployments of `pods / services` replicas each behind a Service (every fifth one
// internalTrafficPolicy: Local, every seventh PreferSameZone), and a Traffic in which every pod of
// app-N calls app-(N+1): one flow per pod.
export function generatedCluster(nodes = 50, pods = 1000, services = 50): Array<{ name: string; text: string }> {
  const zones = ['zone-a', 'zone-b', 'zone-c'];
  const nodeDocs = Array.from({ length: nodes }, (_, i) => {
    const name = `node-${String(i).padStart(2, '0')}`;
    return [
      'apiVersion: v1',
      'kind: Node',
      'metadata:',
      `  name: ${name}`,
      `  labels: { kubernetes.io/hostname: ${name}, topology.kubernetes.io/zone: ${zones[i % zones.length]} }`,
      `spec: { podCIDR: 10.${100 + Math.floor(i / 250)}.${i % 250}.0/24 }`,
      'status:',
      '  allocatable: { cpu: "64" }',
      '  conditions: [{ type: Ready, status: "True" }]',
    ].join('\n');
  });
  // 10, 20 or 30 replicas (the scheduler fills nodes in the same order for each, so a Local Service
  // whose clients outnumber its pods leaves some clients without a local endpoint); the last takes the rest.
  const replicas = Array.from({ length: services }, (_, i) => ((i % 3) + 1) * Math.max(1, Math.floor(pods / services / 2)));
  replicas[services - 1]! += pods - replicas.reduce((a, b) => a + b, 0);
  const appDocs = Array.from({ length: services }, (_, i) => {
    const name = `app-${String(i).padStart(2, '0')}`;
    const policy = i % 5 === 0 ? '\n  internalTrafficPolicy: Local' : i % 7 === 0 ? '\n  trafficDistribution: PreferSameZone' : '';
    return [
      'apiVersion: apps/v1',
      'kind: Deployment',
      `metadata: { name: ${name}, namespace: shop }`,
      'spec:',
      `  replicas: ${replicas[i]}`,
      `  selector: { matchLabels: { app: ${name} } }`,
      '  template:',
      `    metadata: { labels: { app: ${name} } }`,
      `    spec: { containers: [{ name: app, image: app:1, ports: [{ name: http, containerPort: 8080 }] }] }`,
      '---',
      'apiVersion: v1',
      'kind: Service',
      `metadata: { name: ${name}, namespace: shop }`,
      'spec:',
      `  selector: { app: ${name} }${policy}`,
      '  ports: [{ name: http, port: 80, targetPort: http }]',
    ].join('\n');
  });
  const traffic = [
    'apiVersion: tpe.dev/v1alpha1',
    'kind: Traffic',
    'metadata: { name: chain }',
    'spec:',
    '  flows:',
    ...Array.from({ length: services }, (_, i) =>
      [
        `  - from: { namespace: shop, selector: { app: app-${String(i).padStart(2, '0')} } }`,
        `    to: { service: shop/app-${String((i + 1) % services).padStart(2, '0')}, port: http }`,
        '    requestsPerSecond: 5',
      ].join('\n'),
    ),
  ].join('\n');
  return [
    { name: 'traffic.yaml', text: `${traffic}\n` },
    { name: 'nodes.yaml', text: `${nodeDocs.join('\n---\n')}\n` },
    { name: 'apps.yaml', text: `${appDocs.join('\n---\n')}\n` },
  ];
}
