/**
 * Infrastructure every feature may use: errors, phone numbers, the database in demo mode, the clock.
 * Depends on no feature package.
 */
package com.dialsmart.ghlbroadcast.shared;
