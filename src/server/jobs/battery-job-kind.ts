/** The job that runs the designation battery against a submission's model. */
export const batteryJobKind = 'designation-battery';
