/** Demo mode: a ready-to-use account, key and broadcast on a fresh install. */
package com.dialsmart.ghlbroadcast.demo;
