/**
 * Identifiers of people and organisations as value types: a resident ID number is a {@link
 * io.xiaoneng.platform.identity.ResidentIdNumber}, not a String, so it is validated once at the edge and cannot be
 * confused with a phone number further in.
 *
 * <p>Masking: {@code toString()} of the types that identify a natural person ({@link
 * io.xiaoneng.platform.identity.ResidentIdNumber}, {@link io.xiaoneng.platform.identity.PhoneNumber}) returns the
 * masked form, so string concatenation and log statements cannot leak them. {@code value()} gives the full identifier
 * and is what JSON carries: whether a reader may see the full value is decided by the caller (by role, in the API
 * layer), not by the type.
 */
package io.xiaoneng.platform.identity;
