package io.pitlake.options.pricing;

/**
 * Whether a contract is a call or a put; the only thing the pricer needs from the ticker's type.
 */
public enum OptionType {
  CALL,
  PUT
}
