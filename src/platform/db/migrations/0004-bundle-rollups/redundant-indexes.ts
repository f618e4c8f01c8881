/**
 * Indexes of 0001 and 0003 whose columns lead another index of the same table: every lookup they
 * served is served by the longer one (foreign-key cascades included), and each costs a write.
 */
export const REDUNDANT_INDEXES = [
  // Duplicates of 0001's reference indexes, added by 0003 for policy runs.
  'ix_policy_task_release',
  'ix_policy_release_parent',
  'ix_policy_key_date_release',
  'ix_policy_enhancement_release',
  'ix_policy_artifact_release',
  'ix_policy_mapping_release',
  // Single columns that lead a composite index.
  'ix_sys_user_role_contains_role',
  'ix_sys_user_has_role_user',
  'ix_cmn_schedule_span_schedule',
  'ix_task_phase',
  'ix_sn_dpr_model_release_target_release_calendar',
  'ix_sn_dpr_model_release_phase_release',
  'ix_sn_dpr_model_release_bundle_m2m_bundle',
  'ix_sn_dpr_model_release_related_task_m2m_release',
  'ix_sn_pace_policy_mapping_phase',
  'ix_sn_dpr_policy_execution_mapping',
  'ix_sn_dpr_policy_exception_mapping',
];
