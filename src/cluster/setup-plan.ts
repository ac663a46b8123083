/**
 * The steps of a set-up from nothing, in the order they run: the IAM role first (the cluster or namespace is
 * created with it as its default role), then the cluster, then dwh.cfg, then this machine's way in (the rule needs
 * the security groups AWS gave the new cluster). `sparkify cluster create --with-role --allow-my-ip` prints them;
 * the Cluster screen shows them, lets the optional ones be switched off, and runs them one by one.
 */

export type SetupStepId = 'role' | 'create' | 'config' | 'address';

export interface SetupStep {
  id: SetupStepId;
  text: string;
}

export interface SetupPlanInput {
  /** What is created, e.g. `cluster sparkify-dwh (2 × ra3.xlplus)`. */
  what: string;
  /** What it costs, added to the create step when given (the screen shows it there; the CLI prints it apart). */
  cost?: string;
  /** The IAM role to make; none when absent. */
  roleName?: string;
  /** What the role may read (setup.ts rolePolicyText). */
  policy: string;
  /** The address to let in; no rule when absent. */
  cidr?: string;
  port: number;
  /** The description that marks the rule as sparkify's (setup.ts RULE_DESCRIPTION). */
  ruleDescription: string;
}

/** The plan's steps; the role and the rule only when asked for. */
export function setupSteps(input: SetupPlanInput): SetupStep[] {
  const { roleName, cidr } = input;
  const steps: SetupStep[] = [];
  if (roleName) {
    steps.push({ id: 'role', text: `IAM: create role ${roleName}, which only redshift.amazonaws.com may assume, with ${input.policy}; tagged created-by=sparkify` });
  }
  const cost = input.cost ? `, ${input.cost}` : '';
  steps.push({ id: 'create', text: `Redshift: create ${input.what}${cost}${roleName ? ' with that role as its default IAM role' : ''}` });
  steps.push({ id: 'config', text: `dwh.cfg: write ${roleName ? '[IAM_ROLE] ARN, then ' : ''}[CLUSTER] HOST and DB_PORT once it is available` });
  if (cidr) {
    steps.push({ id: 'address', text: `EC2: allow ${cidr} on port ${input.port} in its security groups (rule described "${input.ruleDescription}")` });
  }
  return steps;
}
