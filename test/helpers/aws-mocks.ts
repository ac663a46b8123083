import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterAll, afterEach } from 'vitest';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any AWS SDK v3 client class
type ClientClass = new (...args: any[]) => any;
type Stubs<C extends readonly ClientClass[]> = { [K in keyof C]: AwsClientStub<InstanceType<C[K]>> };

/**
 * Fakes the AWS clients of a test file: every client of these classes is answered by its stub, the
 * stubs forget their answers and calls after each test and are removed after the file.
 */
export function mockAws<const C extends readonly ClientClass[]>(...clients: C): Stubs<C> {
  const stubs = clients.map((c) => mockClient(c));
  afterEach(() => stubs.forEach((s) => s.reset()));
  afterAll(() => stubs.forEach((s) => s.restore()));
  return stubs as unknown as Stubs<C>;
}

/** The name of every request the stubs were sent, across clients, in the order it was sent. */
export function sentInOrder(...stubs: Pick<ReturnType<typeof mockClient>, 'calls'>[]): string[] {
  return stubs
    .flatMap((s) => s.calls())
    .sort((a, b) => (a.calledBefore(b) ? -1 : 1))
    .map((c) => (c.args[0] as object).constructor.name);
}
