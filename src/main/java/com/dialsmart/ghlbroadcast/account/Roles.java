package com.dialsmart.ghlbroadcast.account;

/** The {@code role} claim of our JWTs. */
public final class Roles {

	/** An operator of one account ({@code sub}). */
	public static final String AUTHENTICATED = "authenticated";

	/** The platform: any account. */
	public static final String SERVICE_ROLE = "service_role";

	/** Spring Security authority of the service role. */
	public static final String SERVICE_AUTHORITY = "ROLE_SERVICE_ROLE";

	private Roles() {
	}

}
