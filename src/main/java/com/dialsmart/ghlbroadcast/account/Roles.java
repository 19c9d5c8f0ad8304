package com.dialsmart.ghlbroadcast.account;

/** The {@code role} claim of our JWTs. */
public final class Roles {

	/** An operator of one account ({@code sub}). */
	public static final String AUTHENTICATED = "authenticated";

	/** The platform: any account. */
	public static final String SERVICE_ROLE = "service_role";

	/**
	 * A voice engine: may report calls on the call-tracking webhook and nothing else, so that the engine's host does
	 * not hold a credential that acts for every account.
	 */
	public static final String VOICE_ENGINE = "voice_engine";

	/** Spring Security authority of the service role. */
	public static final String SERVICE_AUTHORITY = "ROLE_SERVICE_ROLE";

	/** Spring Security authority of an operator token. */
	public static final String OPERATOR_AUTHORITY = "ROLE_AUTHENTICATED";

	/** Spring Security authority of a voice-engine token. */
	public static final String VOICE_ENGINE_AUTHORITY = "ROLE_VOICE_ENGINE";

	private Roles() {
	}

}
