package com.dialsmart.ghlbroadcast.ghlsync;

/** The worker's thread was interrupted (the service is stopping) while it waited. */
class SyncInterrupted extends RuntimeException {

	SyncInterrupted() {
		super("interrupted", null, false, false);
	}

}
