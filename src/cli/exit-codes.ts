/** How `vigil` ends: 0 success, 1 the evaluation failed, 2 bad usage or input, 130 cancelled. */
export const exitCodes = { success: 0, failed: 1, usage: 2, cancelled: 130 } as const;
