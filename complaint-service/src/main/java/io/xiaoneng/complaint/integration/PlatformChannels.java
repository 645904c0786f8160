package io.xiaoneng.complaint.integration;

import io.smallrye.config.ConfigMapping;
import io.xiaoneng.complaint.domain.Channel;

import java.util.Map;

/**
 * The one channel each platform client forwards under, by its OAuth client id ({@code province-platform} →
 * {@code PROVINCE}): the channel a complaint came by is the client's, not what its body claims, so the city's
 * platform cannot pass its complaints off as the province's (statistics and attribution count by channel).
 */
@ConfigMapping(prefix = "xiaoneng.complaint.platforms")
public interface PlatformChannels {

    Map<String, Channel> channels();
}
