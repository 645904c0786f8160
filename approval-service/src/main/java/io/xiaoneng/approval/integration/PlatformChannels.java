package io.xiaoneng.approval.integration;

import io.smallrye.config.ConfigMapping;
import io.xiaoneng.approval.application.domain.Channel;

import java.util.Map;

/**
 * The one channel each platform client files under, by its OAuth client id ({@code province-platform} →
 * {@code PROVINCIAL_PLATFORM}): the channel a case came by is the client's, not what its body claims, so the
 * city's platform cannot pass its cases off as the province's (statistics and attribution count by channel).
 */
@ConfigMapping(prefix = "xiaoneng.approval.platforms")
public interface PlatformChannels {

    Map<String, Channel> channels();
}
