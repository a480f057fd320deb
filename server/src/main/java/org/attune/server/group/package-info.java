/**
 * The domain core: groups, their members and roles, and the structure changes a facilitator makes.
 *
 * <p>Every {@link org.attune.server.group.Group} is owned by one Netty event loop, chosen when it
 * is created; all of its state is read and changed only there, without locks. Transports hand work
 * to it with {@code group.executor().execute(...)} and reach members only through the {@link
 * org.attune.server.group.MemberLink} each of them supplies.
 */
package org.attune.server.group;
