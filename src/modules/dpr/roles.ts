/** Endpoint roles of DOMAIN.md §5.2 (any one of them; containment and admin count). */
export const DPR = {
  releaseAdmin: 'sn_dpr_model.release_admin',
  productManager: 'sn_dpr_model.product_manager',
  releaseCoordinator: 'sn_dpr_model.release_coordinator',
  releaseUser: 'sn_dpr_model.release_user',
  calendarAdmin: 'sn_dpr_model.release_calendar_admin',
  templateAdmin: 'sn_dpr_model.release_template_admin',
} as const;

export const ENDPOINT_ROLES = {
  getBundle: [DPR.productManager, DPR.releaseAdmin, DPR.releaseCoordinator, DPR.releaseUser],
  policyStatus: [DPR.productManager, DPR.releaseAdmin, DPR.releaseCoordinator, DPR.releaseUser],
  productEnhancement: [DPR.productManager],
  createRelease: [DPR.productManager, DPR.releaseAdmin],
  keyDate: [DPR.productManager, DPR.releaseAdmin, DPR.releaseCoordinator],
  policyRun: [DPR.productManager],
  relatedTask: [DPR.productManager, DPR.releaseAdmin],
  releaseCalendar: [DPR.calendarAdmin],
  completePhase: [DPR.productManager, DPR.releaseAdmin, DPR.releaseCoordinator],
  releaseTarget: [DPR.productManager, DPR.releaseAdmin],
  retarget: [DPR.productManager, DPR.releaseAdmin],
} as const;

/** Roles a key-date assignee must hold (DOMAIN.md §2.10). */
export const KEY_DATE_ASSIGNEE_ROLES = [DPR.productManager, DPR.releaseAdmin, DPR.releaseCoordinator, DPR.releaseUser];
