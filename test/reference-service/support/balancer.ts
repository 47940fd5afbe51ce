/**
 * A load balancer model for the rolling-restart test, honest about what a real one does:
 *   - it routes only to backends whose last readiness probe passed (Kubernetes removes a pod from
 *     a Service's endpoints when readiness fails, and when the pod starts terminating);
 *   - it probes each backend every `probeIntervalMs` (a scaled-down `periodSeconds`, failure
 *     threshold 1), on its own connections;
 *   - it keeps a pool of keep-alive connections per backend, as a proxy does;
 *   - it never retries a failed request: every failure the client sees is counted.
 * The service's drain delay after SIGTERM (readiness failing while it still serves) is what gives
 * the balancer time to stop routing to it; no request is sent to a backend it knows is not ready.
 */
import http from 'node:http';

export interface Backend {
  readonly name: string;
  readonly url: string;
  readonly agent: http.Agent;
  ready: boolean;
  served: number;
}

export interface Response {
  readonly status: number;
  readonly body: string;
}

export class Balancer {
  private readonly backends: Backend[] = [];
  private readonly probeAgent = new http.Agent({ keepAlive: false });
  private turn = 0;
  private timer: NodeJS.Timeout | undefined;
  private probing = false;

  constructor(private readonly probeIntervalMs: number) {}

  add(name: string, url: string): Backend {
    const backend: Backend = { name, url, agent: new http.Agent({ keepAlive: true, maxSockets: 16 }), ready: false, served: 0 };
    this.backends.push(backend);
    return backend;
  }

  start(): void {
    this.timer = setInterval(() => void this.probeAll(), this.probeIntervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    for (const backend of this.backends) backend.agent.destroy();
    this.probeAgent.destroy();
  }

  /** Round robin over the backends whose last probe passed. */
  pick(): Backend | undefined {
    const ready = this.backends.filter((b) => b.ready);
    if (ready.length === 0) return undefined;
    this.turn = (this.turn + 1) % ready.length;
    return ready[this.turn];
  }

  async waitReady(name: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.backends.some((b) => b.name === name && b.ready)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${name} did not become ready within ${timeoutMs} ms`);
  }

  private async probeAll(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    await Promise.all(
      this.backends.map(async (backend) => {
        try {
          const { status } = await send(backend.url, this.probeAgent, 'GET', '/health/ready', {}, undefined, 500);
          backend.ready = status === 200;
        } catch {
          backend.ready = false;
        }
      }),
    );
    this.probing = false;
  }
}

export function send(
  base: string,
  agent: http.Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface LoadResult {
  total: number;
  failures: string[];
  /** Requests answered successfully, by backend name. */
  served: Record<string, number>;
}

/**
 * Closed-loop load: `concurrency` workers, each sending one request, waiting for its answer, then
 * pausing `pauseMs`. Bounded by `maxRequests` and `maxDurationMs` whatever `done` says.
 */
export async function runLoad(
  balancer: Balancer,
  options: {
    concurrency: number;
    pauseMs: number;
    maxRequests: number;
    maxDurationMs: number;
    done: () => boolean;
    request: (backend: Backend, n: number) => Promise<void>;
  },
): Promise<LoadResult> {
  const result: LoadResult = { total: 0, failures: [], served: {} };
  const deadline = Date.now() + options.maxDurationMs;
  const worker = async (): Promise<void> => {
    while (!options.done() && Date.now() < deadline && result.total < options.maxRequests) {
      const n = result.total++;
      const backend = balancer.pick();
      if (backend === undefined) {
        result.failures.push(`#${n}: no ready backend`);
      } else {
        try {
          await options.request(backend, n);
          backend.served++;
          result.served[backend.name] = (result.served[backend.name] ?? 0) + 1;
        } catch (error) {
          result.failures.push(`#${n} to ${backend.name}: ${(error as Error).message}`);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return result;
}
