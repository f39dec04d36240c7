/** The three ways a domain command refuses. Routes map them to 404, 403 and a form error. */
export class NotFoundError extends Error {
  constructor(message = "Niet gevonden") {
    super(message);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends Error {
  constructor(message = "U heeft geen toegang tot deze gegevens of handeling.") {
    super(message);
    this.name = "ForbiddenError";
  }
}

export interface RuleProblem {
  /** Where the problem is, as a path ("timeline.submissionDeadline"); its last part names the form field. */
  field: string;
  message: string;
}

/** A business rule said no. `message` is Dutch and shown to the user; `field` places it on a form. */
export class RuleViolation extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Every problem found, when a check reports more than one at once. */
    readonly problems: readonly RuleProblem[] = field ? [{ field, message }] : [],
  ) {
    super(message);
    this.name = "RuleViolation";
  }

  static of(code: string, problems: readonly RuleProblem[]): RuleViolation {
    return new RuleViolation(code, problems.map((problem) => problem.message).join(" "), problems[0]?.field, problems);
  }
}
