import { AppError } from '../../platform/errors/app-error.ts';

/** Errors only the Table API raises (the shared ones are in the platform catalogue). */
export const TableApiErrors = {
  /** The v1 API answers an empty list with 404, as the platform does (DOMAIN.md §7.1). */
  noMatchingRecords: () =>
    new AppError('NO_MATCHING_RECORDS', 404, 'No Record found', 'Records matching query not found. Check query parameter or offset parameter'),
} as const;
