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

/** A business rule said no. `message` is Dutch and shown to the user; `field` places it on a form. */
export class RuleViolation extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "RuleViolation";
  }
}
