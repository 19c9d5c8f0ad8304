/** Voice broadcasts and their queues of contacts ({@code voice_broadcasts}, {@code broadcast_queue}). */
package com.dialsmart.ghlbroadcast.broadcast;
