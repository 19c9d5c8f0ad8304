/** Each account's Do-Not-Call list: checked before a contact is queued and before every dial. */
package com.dialsmart.ghlbroadcast.dnc;
