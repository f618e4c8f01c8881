/** Display labels of the stored choice values (DOMAIN §3). */
export const RELEASE_STATES: Record<string, string> = {
  draft: 'Draft',
  pending: 'Pending',
  in_progress: 'In Progress',
  on_hold: 'On Hold',
  review: 'Review',
  completed: 'Completed',
  cancelled: 'Cancelled',
  restarting: 'Restarting',
};

export const TASK_STATES: Record<string, string> = { '-5': 'Pending', '1': 'Open', '2': 'Work in Progress', '3': 'Closed Complete', '4': 'Closed Incomplete', '7': 'Closed Skipped' };
export const CLOSED_TASK_STATES = ['3', '4', '7'];

export const PHASE_STATES: Record<string, string> = { pending: 'Pending', in_progress: 'In Progress', completed: 'Completed', restarted: 'Restarted', cancelled: 'Cancelled' };

/** The label of a stored choice value; the server's display value when the map does not know it. */
export const label = (labels: Record<string, string>, value: string, display: string) => labels[value] ?? display;
