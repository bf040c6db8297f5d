// The options `tpe simulate`, `tpe diff` and `tpe lint` share: what shapes a simulation (seed,
// Kubernetes version and gates, the cross-zone price, generated slices). A bad value is a usage
// error (exit 2) that says what is allowed.
import { InvalidArgumentError, type Command } from 'commander';
import { PRICES, type CustomPrice, type Provider, type SimulateOptions } from '../../emulator/index.js';
import { collectFeatureGate } from './options.js';

export interface SimulationFlags {
  seed?: number;
  kubernetesVersion?: string;
  featureGate?: Record<string, boolean>;
  price?: Provider | CustomPrice;
  generateSlices?: boolean;
  maxFlows?: number;
  /** Read the cluster from the API server (a kubeconfig path, or true for the default one) instead of FILES. */
  kubeconfig?: string | true;
  context?: string;
  namespace?: string;
}

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) throw new InvalidArgumentError('must be an integer from 0 to 4294967295.');
  return Number(value);
}

function parseMaxFlows(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('must be a positive number of flows.');
  return Number(value);
}

/** `aws`, `gcp`, `azure`, or a price in USD per GiB charged once (`0.02`). */
export function parsePrice(value: string): Provider | CustomPrice {
  if (Object.hasOwn(PRICES, value)) return value as Provider;
  if (/^\d+(\.\d+)?$/.test(value)) return { usd: Number(value), unit: 'GiB' };
  throw new InvalidArgumentError(`must be ${Object.keys(PRICES).join(', ')} or a price in USD per GiB, e.g. 0.02.`);
}

export function addSimulationOptions(command: Command): Command {
  return command
    .option('--seed <n>', "seed of the load-balancing choices (overrides the Traffic's spec.seed; default 0)", parseSeed)
    .option(
      '--kubernetes-version <version>',
      'the Kubernetes release whose kube-proxy and EndpointSlice controller are emulated, 1.21 … 1.35 (default: the newest)',
    )
    .option('--feature-gate <Name=bool>', 'override a feature gate of that release; repeatable', collectFeatureGate)
    .option('--price <aws|gcp|azure|usd>', 'cross-zone price: a provider (default aws) or USD per GiB charged once, e.g. 0.02', parsePrice)
    .option('--generate-slices', "ignore the input's EndpointSlices of Services with a selector: the emulator's controller makes them all")
    .option(
      '--max-flows <n>',
      'flows listed per step before the report lists only dropped and rejected ones (default 10000)',
      parseMaxFlows,
    );
}

/** --kubeconfig, --context, --namespace: read the cluster from its API server (once) in place of FILES. */
export function addKubeOptions(command: Command): Command {
  return command
    .option('--kubeconfig [path]', 'read the cluster from the API server of this kubeconfig (default: $KUBECONFIG, else ~/.kube/config)')
    .option('--context <name>', 'with --kubeconfig: the context to use (default: its current-context)')
    .option(
      '--namespace <name>',
      "with --kubeconfig: only this namespace's Pods, Services, EndpointSlices and controllers (Nodes are read whole)",
    );
}

export function simulateOptions(flags: SimulationFlags, onProgress?: SimulateOptions['onProgress']): SimulateOptions {
  const options: SimulateOptions = {};
  if (flags.seed !== undefined) options.seed = flags.seed;
  if (flags.kubernetesVersion !== undefined) options.kubernetesVersion = flags.kubernetesVersion;
  if (flags.featureGate !== undefined) options.featureGates = flags.featureGate;
  if (flags.price !== undefined) options.prices = flags.price;
  if (flags.generateSlices) options.generateSlices = true;
  if (flags.maxFlows !== undefined) options.maxFlows = flags.maxFlows;
  if (onProgress) options.onProgress = onProgress;
  return options;
}

export const SIMULATION_HELP = `
FILES are files or folders (every .yaml, .yml and .json within, at any depth) or - for stdin:
Nodes, Pods and/or apps/v1 Deployments and DaemonSets, Services, optionally EndpointSlices (made by
the emulator's EndpointSlice controller when absent) and at most one tpe.dev/v1alpha1 Traffic
(default: every node that runs a pod calls every Service port, 1 request/s of 1 KiB).
--kubeconfig [PATH] reads the same kinds from the API server instead (once, in pages; --context and
--namespace narrow it); tpe dump --kubeconfig writes what it read, to repeat the run offline.`;
