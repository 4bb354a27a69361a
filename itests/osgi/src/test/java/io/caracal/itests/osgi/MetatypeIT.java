package io.caracal.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Every Caracal configuration is described by Metatype, so the web console's Configuration page
 * shows a form: a named, described definition, every attribute named and described, and a
 * name hint for the factory configurations' list.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetatypeIT extends CaracalTestSupport {

    /** Factory PIDs by the bundle that designates them. */
    private static final Map<String, List<String>> FACTORY_PIDS = Map.of(
            "io.caracal.core", List.of("io.caracal.route", "io.caracal.cluster"),
            "io.caracal.listener.http", List.of("io.caracal.listener.http"),
            "io.caracal.tls", List.of("io.caracal.tls.context"),
            "io.caracal.accesscontrol", List.of("io.caracal.filter.ipaccess", "io.caracal.filter.basicauth",
                    "io.caracal.filter.jwt"),
            "io.caracal.ratelimit", List.of("io.caracal.filter.ratelimit"),
            "io.caracal.cache.memory", List.of("io.caracal.cache.memory"),
            "io.caracal.cache.disk", List.of("io.caracal.cache.disk"));

    @Inject
    private MetaTypeService metaTypes;

    @Test
    public void everyFactoryConfigurationHasADescribedFormWithANameHint() {
        List<String> problems = new ArrayList<>();
        FACTORY_PIDS.forEach((symbolicName, pids) -> {
            MetaTypeInformation information = metaTypes.getMetaTypeInformation(bundle(symbolicName));
            assertNotNull("metatype of " + symbolicName, information);
            for (String pid : pids) {
                assertTrue(pid + " is a factory PID of " + symbolicName,
                        List.of(information.getFactoryPids()).contains(pid));
                ObjectClassDefinition definition = information.getObjectClassDefinition(pid, null);
                check(pid, definition, problems);
            }
        });
        assertEquals("Metatype problems", List.of(), problems);
    }

    @Test
    public void theDemoOriginsHaveASingletonForm() {
        MetaTypeInformation information = metaTypes.getMetaTypeInformation(bundle("io.caracal.demo.origin"));
        assertTrue(List.of(information.getPids()).contains(DEMO_PID));
        List<String> problems = new ArrayList<>();
        check(DEMO_PID, information.getObjectClassDefinition(DEMO_PID, null), problems);
        assertEquals(List.of(), problems);
    }

    private static void check(String pid, ObjectClassDefinition definition, List<String> problems) {
        if (definition.getName() == null || definition.getName().isBlank()) {
            problems.add(pid + ": no name");
        }
        if (definition.getDescription() == null || definition.getDescription().isBlank()) {
            problems.add(pid + ": no description");
        }
        AttributeDefinition[] attributes = definition.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (attributes == null || attributes.length < 2) {
            problems.add(pid + ": fewer than two attributes");
            return;
        }
        boolean nameHint = false;
        for (AttributeDefinition attribute : attributes) {
            if (attribute.getID().equals("webconsole.configurationFactory.nameHint")) {
                nameHint = true;
                continue;
            }
            if (attribute.getName() == null || attribute.getName().isBlank()) {
                problems.add(pid + "/" + attribute.getID() + ": no name");
            }
        }
        if (!nameHint && !pid.equals(DEMO_PID)) {
            problems.add(pid + ": no webconsole.configurationFactory.nameHint");
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }
}
