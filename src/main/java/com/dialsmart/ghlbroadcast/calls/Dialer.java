package com.dialsmart.ghlbroadcast.calls;

import java.util.UUID;

/**
 * Places one call. The call's result comes back later through {@link CallOutcomeService#report} (a provider's
 * status callback, or the simulated dialer itself), never as the return value.
 */
interface Dialer {

	/** One call to place. {@code attempt} is the item's attempt number (1 for the first). */
	record DialRequest(UUID queueItemId, UUID accountId, UUID broadcastId, String phone, String name, int attempt,
			String message) {
	}

	/**
	 * Places the call.
	 * @return the provider's call id
	 * @throws DialException when the call could not be placed
	 */
	String dial(DialRequest request) throws DialException;

	/** The provider name recorded on the calls this dialer places. */
	String provider();

	/** The call was not placed. {@code transientFailure}: it may work later (the item is dialled again). */
	class DialException extends Exception {

		private final boolean transientFailure;

		DialException(String message, boolean transientFailure, Throwable cause) {
			super(message, cause);
			this.transientFailure = transientFailure;
		}

		boolean transientFailure() {
			return this.transientFailure;
		}

	}

}
